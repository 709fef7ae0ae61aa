import asyncio

import flet as ft


def route_change(page):
    """The lambda's task goes to whoever calls the lambda: the button, not this function's caller."""
    return ft.Button("Back", on_click=lambda _: asyncio.create_task(page.push_route("/")))


def handlers(page):
    """Returned as a lambda: the caller of this function calls it and gets the task."""
    return lambda: asyncio.create_task(page.push_route("/"))

import asyncio

import uvicorn


async def open_webbrowser_on_server_started(host, port):
    await asyncio.sleep(1)


app = object()

if __name__ == "__main__":
    asyncio.get_event_loop().create_task(open_webbrowser_on_server_started("127.0.0.1", 8080))
    uvicorn.run(app, host="0.0.0.0", port=8080)

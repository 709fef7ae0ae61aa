import asyncio


async def pump(sensor):
    while True:
        await asyncio.sleep(1)
        print(sensor)


class Unguarded:
    """Near miss: the binding does not test the flag, so `handle_update` may bind a task while
    the flag is off, and the setter's turn on replaces it (the hazard stands)."""

    def __init__(self) -> None:
        self._task = None
        self._on = False
        self._sensor = None

    def set_on(self, on: bool) -> None:
        if self._on == on:
            return
        self._on = on
        if on:
            self._start(self._sensor)
        elif not on:
            self._stop()

    async def handle_update(self, sensor) -> None:
        self._stop()
        self._start(sensor)

    def _start(self, sensor) -> None:
        self._task = asyncio.create_task(pump(sensor))

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None


class NoStop:
    """Near miss: the turn off stops nothing (the hazard stands)."""

    def __init__(self) -> None:
        self._task = None
        self._on = False

    def set_on(self, on: bool) -> None:
        if self._on == on:
            return
        self._on = on
        if on:
            self._start()

    def _start(self) -> None:
        if self._on:
            self._task = asyncio.create_task(pump(None))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


class FlagElsewhere:
    """Near miss: `pause` turns the flag off without a stop (the hazard stands)."""

    def __init__(self) -> None:
        self._task = None
        self._on = False

    def set_on(self, on: bool) -> None:
        if self._on == on:
            return
        self._on = on
        if on:
            self._start()
        else:
            self._stop()

    def pause(self) -> None:
        self._on = False

    def _start(self) -> None:
        if self._on:
            self._task = asyncio.create_task(pump(None))

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


class Untyped:
    """Near miss: `on` is not a `bool`: two values may pass the unchanged test (the
    hazard stands)."""

    def __init__(self) -> None:
        self._task = None
        self._on = None

    def set_on(self, on) -> None:
        if self._on == on:
            return
        self._on = on
        if on:
            self._start()
        else:
            self._stop()

    def _start(self) -> None:
        if self._on:
            self._task = asyncio.create_task(pump(None))

    def _stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

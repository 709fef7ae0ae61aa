import asyncio


async def pump(sensor):
    while True:
        await asyncio.sleep(1)
        print(sensor)


class StreamManager:
    def __init__(self, streaming_by_default: bool = False) -> None:
        self._task: asyncio.Task | None = None
        self._should_stream: bool = streaming_by_default
        self._sensor = None

    @property
    def should_stream(self) -> bool:
        """Whether the stream is meant to run."""
        return self._should_stream

    @should_stream.setter
    def should_stream(self, on: bool) -> None:
        if self._should_stream == on:
            return  # already as asked
        self._should_stream = on
        if on and self._sensor is not None:
            self._start_if_intended(self._sensor)
        elif not on:
            self._stop_if_running()

    async def handle_update(self, sensor) -> None:
        self._stop_if_running()
        self._start_if_intended(sensor)
        self._sensor = sensor

    def _start_if_intended(self, sensor) -> None:
        if sensor.connected and self.should_stream:
            self._task = asyncio.create_task(pump(sensor))

    def _stop_if_running(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

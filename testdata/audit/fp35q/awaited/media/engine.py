import asyncio
from typing import Optional

from .rtp_server import RTPServer


class ExternalMediaEngine:
    def __init__(self, providers):
        self.rtp_server: Optional[RTPServer] = None
        self.rtp_server = RTPServer(host="127.0.0.1", port=18080)

        def on_event_wrapper(event):
            asyncio.create_task(self._on_provider_event(event))

        def on_drain_wrapper(event):
            asyncio.create_task(self._on_drain(event))

        providers.subscribe(on_event_wrapper, on_drain_wrapper)

    async def _on_provider_event(self, event):
        if event.get("type") == "AgentAudio":
            await self.rtp_server.send_audio(event["call_id"], event["data"])

    async def _on_drain(self, event):
        await self.rtp_server.drain(event["call_id"])

class IngestionMixin:
    async def _publish(self, event: object) -> None:
        pass

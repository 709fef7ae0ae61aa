import asyncio

from pydantic import BaseModel

from pkg.base import Base
from pkg.helper import Helper


class ProjectBased(Base):
    async def stop_async(self) -> None:
        print("stopped")


class LibraryBased(BaseModel):
    async def stop_async(self) -> None:
        print("stopped")


class Slow(Helper):
    async def stop_async(self) -> None:
        await asyncio.sleep(1)

import asyncio

import config
from trading.trader import PumpTrader


async def main() -> None:
    trader = PumpTrader(config.RPC_URL)
    await trader.start()


def sync_main() -> None:
    asyncio.run(main())

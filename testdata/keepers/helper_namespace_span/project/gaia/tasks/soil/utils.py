async def refresh(region: str) -> None:
    print("refreshed", region)

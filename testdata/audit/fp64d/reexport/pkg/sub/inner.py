class Deep:
    async def run(self) -> None:
        print("deep")

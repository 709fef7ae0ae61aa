import asyncio
import unittest


class WithServer(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        ready = asyncio.get_running_loop().create_future()
        self.__done = asyncio.get_running_loop().create_future()
        self.__task = asyncio.create_task(self.run_server(ready, self.__done))
        await ready

    async def run_server(self, readiness, done):
        self.process = await asyncio.create_subprocess_exec("server")
        try:
            readiness.set_result(True)
            await self.process.wait()
            done.set_result(self.process.returncode)
        finally:
            self.process = None

    async def asyncTearDown(self):
        self.process.terminate()
        code = await self.__done
        self.assertEqual(code, 0)


class WithClient(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        self.__ready = asyncio.get_running_loop().create_future()
        self.__task = asyncio.create_task(self.run_client(self.__ready))

    async def run_client(self, ready):
        ready.set_result(True)
        # Goes on after it signals: the signal is not its end.
        while True:
            await asyncio.sleep(1)

    async def asyncTearDown(self):
        await self.__ready

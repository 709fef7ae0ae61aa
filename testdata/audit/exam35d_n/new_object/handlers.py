import asyncio


class Operation:
    def __init__(self, handler, op_id):
        self.handler = handler
        self.id = op_id
        self.task = None


class Handler:
    def __init__(self):
        self.operations = {}

    async def handle_subscribe(self, message):
        operation = Operation(self, message["id"])
        operation.task = asyncio.create_task(self.run_operation(operation))
        self.operations[message["id"]] = operation

    async def handle_resume(self, message):
        operation = self.operations[message["id"]]
        operation.task = asyncio.create_task(self.run_operation(operation))

    async def handle_batch(self, messages):
        operation = Operation(self, "batch")
        for message in messages:
            operation.task = asyncio.create_task(self.run_operation(operation))

    async def handle_again(self, message):
        operation = Operation.find(message["id"])
        operation.task = asyncio.create_task(self.run_operation(operation))

    async def run_operation(self, operation):
        await asyncio.sleep(1)

    async def cleanup_operation(self, op_id):
        operation = self.operations.pop(op_id)
        operation.task.cancel()

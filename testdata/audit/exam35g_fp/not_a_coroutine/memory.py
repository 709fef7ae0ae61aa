import asyncio


def fine_tune_llm(agent_name, dataset):
    # Synchronous training: its call runs here, in the request handler.
    print("training", agent_name, dataset)


async def fine_tune(agent_name, dataset):
    asyncio.create_task(fine_tune_llm(agent_name, dataset))
    return {"message": "Fine-tuning started."}

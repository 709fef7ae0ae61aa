async def cleanup(job_id: str) -> None:
    print("cleaned", job_id)

from asyncio import get_event_loop

# The module's one binding of `LOOP`: a loop, for every module that imports it.
LOOP = get_event_loop()
OTHER = get_event_loop()
OTHER = None

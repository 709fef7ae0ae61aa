from asyncio import get_event_loop

# The module's one binding of each name: a loop, for every module that imports it.
LOOP = get_event_loop()
SPARE = get_event_loop()
HIDDEN = get_event_loop()

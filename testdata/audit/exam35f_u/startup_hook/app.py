from starlette.applications import Starlette

from broadcast import Broadcast, Poller

broadcast = Broadcast()
poller = Poller()

# Starlette runs the `on_startup` callables once when the application starts, and the
# `on_shutdown` ones once when it stops: `connect` replaces no live task.
app = Starlette(routes=[], on_startup=[broadcast.connect], on_shutdown=[broadcast.disconnect])

other = Starlette(routes=[], on_startup=[poller.start_polling])

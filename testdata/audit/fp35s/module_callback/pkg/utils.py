import asyncio
import logging

LOG = logging.getLogger(__name__)


def _callback(f):
    try:
        f.result()
    except asyncio.CancelledError:
        pass
    except Exception as e:
        LOG.exception(e)


def _quiet(f):
    pass

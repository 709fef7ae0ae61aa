from app.services import ArchiveService, Listener, Pipeline, Proxy


REGISTRY = []


class App:
    def __init__(self, db):
        self.pipeline = Pipeline(db)


async def archive(db):
    service = ArchiveService(db)
    service.db = db
    service.attach("archive")

    async def notify():
        service = None
        return service

    await notify()
    proxy = Proxy(db)
    await proxy.run()


def convert(db):
    ArchiveService(db).attach("convert")


def once(db):
    pipeline = Pipeline(db)
    pipeline.run()
    listener = Listener(REGISTRY)
    listener.listen()

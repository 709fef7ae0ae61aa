from service import Service


class Forgetful(Service):
    def track(self, task):
        print("started", task)

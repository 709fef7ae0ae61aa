from service import Service


class Labelled(Service):
    def label(self):
        return "labelled"

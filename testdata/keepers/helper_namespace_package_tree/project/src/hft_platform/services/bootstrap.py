class SystemBootstrapper:
    def build(self) -> dict[str, object]:
        return {}

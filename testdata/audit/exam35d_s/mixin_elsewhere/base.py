class MixinMeta:
    connect_task = None

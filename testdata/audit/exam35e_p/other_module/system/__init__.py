class Dynamic:
    RUN_SAVER = False

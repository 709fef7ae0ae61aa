from . import other, sessions

shutting_down = False

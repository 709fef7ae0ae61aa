from .inner import Deep

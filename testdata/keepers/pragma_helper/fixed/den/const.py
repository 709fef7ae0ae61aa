#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""The const module."""
VOLUME = 1

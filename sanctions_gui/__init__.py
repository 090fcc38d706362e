"""Sanctions Workbench: a desktop app for analysts who study U.S. sanctions on Venezuelan individuals."""

__version__ = "0.2.0"

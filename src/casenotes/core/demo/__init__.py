"""Fictional demo data: a deterministic practice of cases, goals and notes for trying the app,
for screenshots and for the 10,000-note benchmark vault. Every person, place and number in it
is invented."""

from casenotes.core.demo.generator import BASE_DATE, DEMO_TAG, generate_demo

__all__ = ["BASE_DATE", "DEMO_TAG", "generate_demo"]

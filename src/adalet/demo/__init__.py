"""A reproducible synthetic police-files leak of fictional people, for the demo, tests and benchmarks."""

from adalet.demo.leak import write_leak
from adalet.demo.manifest import Manifest

__all__ = ["Manifest", "write_leak"]

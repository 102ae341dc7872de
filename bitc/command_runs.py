"""What a ``bitc`` command runs, named rather than imported: ``bitc --help`` and ``bitc token``
then load only the few modules they use, not the platform (FastAPI, SQLAlchemy, the Kafka
clients), which takes seconds to import. The parsers (bitc/cli.py, bitc/*_commands.py) import
nothing heavier than argparse; each command's own module is imported when it runs."""

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Run:
    """A command's run function, ``"package.module:function"``, taking the parsed arguments."""

    target: str

    def __call__(self, args: argparse.Namespace) -> Any:
        return self.function()(args)

    def function(self) -> Callable[[argparse.Namespace], Any]:
        module, _, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)

"""`roundtable lis import` shows a progress bar on a terminal, and nothing otherwise."""

from __future__ import annotations

import io

from roundtable.lis.management.commands.lis_import import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_that_ends_with_a_new_line():
    stream = Terminal()
    show = progress_bar(stream)
    show(500_000, 1_000_000)
    show(1_000_000, 1_000_000)
    written = stream.getvalue()
    assert f"\r[{'#' * 15}{'.' * 15}] 500,000 of 1,000,000 rows" in written
    assert written.endswith(f"\r[{'#' * 30}] 1,000,000 of 1,000,000 rows\n")


def test_a_file_or_pipe_gets_no_bar():
    assert progress_bar(io.StringIO()) is None

"""Querysets compiled to SQL once, then run again and again with one value put in.

The hot pages ask the same few questions with a different id each time (the piece's lines,
its glosses, the signed-in user). Building such a query through the ORM costs ~0.5 ms of CPU,
several times what SQLite takes to answer it, and a reading asks six. A ``CompiledQuery`` is
the ORM's own SQL and converters for the queryset, made the first time on each database
connection (a compiler belongs to its connection) with a sentinel where the value goes; later
calls put the value in and run it. So the query is still written once, in the ORM, with its
rules (who may see a gloss) — only its compilation is kept.

A queryset whose SQL depends on more than its one value (the time, a setting read at build
time) must not be compiled this way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model, QuerySet

SENTINEL = -7_654_321  # no row has it as an id: marks where the value goes among the parameters


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple[int, ...]
    compiler: object
    converters: dict
    names: tuple[str, ...]


class CompiledQuery:
    """``build(SENTINEL)`` is the queryset of ``model``, with SENTINEL where the value goes (once
    or more). It is called once per connection: the model says which database to read. A query
    that asks nothing (``takes_value=False``: every concept, say) is run as it was compiled."""

    def __init__(self, model: type[Model], build: Callable[[int], QuerySet], *, takes_value: bool = True):
        self._model = model
        self._build = build
        self._takes_value = takes_value
        self._per_connection: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def rows(self, value=None) -> list[tuple]:
        """The rows as ``values_list`` gives them: tuples in the select's column order."""
        return self._run(self.compiled(), value)

    def dicts(self, value=None) -> list[dict]:
        """The rows of a ``values()`` queryset, as it gives them."""
        compiled = self.compiled()
        return [dict(zip(compiled.names, row)) for row in self._run(compiled, value)]

    @staticmethod
    def _run(compiled: _Compiled, value) -> list[tuple]:
        params = list(compiled.params)
        for slot in compiled.slots:
            params[slot] = value
        with compiled.compiler.connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            return [tuple(row) for row in compiled.compiler.apply_converters(rows, compiled.converters)]
        return rows

    def compiled(self) -> _Compiled:
        connection = connections[router.db_for_read(self._model)]
        found = self._per_connection.get(connection)
        if found is None:
            query = self._build(SENTINEL).query
            compiler = query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            slots = tuple(index for index, param in enumerate(params) if param == SENTINEL)
            if bool(slots) != self._takes_value:
                raise ValueError(f"The value's place is not among the parameters: {sql}" if self._takes_value
                                 else f"A query that takes no value has the sentinel among its parameters: {sql}")
            columns = [expression for expression, _sql, _alias in compiler.select]
            names = (*query.extra_select, *query.values_select, *query.annotation_select)
            found = _Compiled(sql=sql, params=tuple(params), slots=slots, compiler=compiler,
                              converters=compiler.get_converters(columns), names=names)
            self._per_connection[connection] = found
        return found

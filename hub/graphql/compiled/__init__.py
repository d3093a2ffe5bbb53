"""The compiled read path: a read the hub has planned runs as ONE SQL statement per root field.

A document is parsed and validated once (``documents``), planned once per set of caller rights
(``planner``: which root fields can be compiled and whether the caller may see every field
asked), compiled into SQL whose JSON the database builds (``sql``, ``persons``,
``admin_units``) and run with bound parameters only (``runner``). The database's JSON text is
spliced into the response as it is (``orjson.Fragment``): nothing is parsed or re-encoded.

Everything else goes through the resolvers unchanged: mutations, subscriptions, fragments,
directives, fields not in the catalogue, and every request that would not succeed in full
(bad input, a refused field, a merged or someone else's person). The compiled path only
answers what the resolvers would answer without an error, so errors, ``null`` for refused
fields and masking stay theirs by construction; the access-log entries are written through the
same function the resolvers' extension uses (``hub.graphql.access_logging.write_reads``).
"""

"""The load stage: the one reading of an OpenAPI document that every stage shares.

- ``yamlload``: a file read as JSON data, with the position of every node (computed only when
  a diagnostic needs one);
- ``version``: which OpenAPI version a file is, and the refusal of any other (Swagger 2.0);
- ``normalize``: a 3.0 document read as its 3.1 meaning, positions kept;
- ``tree``: the spec folder loaded once, with the resolver of references across files;
- ``pointer``: JSON pointers and the resolver of references inside one bundled document;
- ``walk``: the operations (path-item references followed, parameters merged), the schemas and
  the references of a document;
- ``keywords``: the vocabulary tables (HTTP methods, component kinds, schema keywords);
- ``bundle``: an API document with every reference to another file pulled into its components
  (the IR, the changelog, the mock and ``specgen bundle`` read it).
"""

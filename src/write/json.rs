//! JSON: one object per document (see docs/json.md).

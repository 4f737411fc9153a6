//! Properties over generated guides (filled in by the property tests).

//! Rules that need context: passes over the Fragment, in one ordered list.

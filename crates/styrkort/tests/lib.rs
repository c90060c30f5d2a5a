//! Integration tests of the styrkort core, as one binary.
mod engine_props;

//! Integration tests of the styrkort core, as one binary.

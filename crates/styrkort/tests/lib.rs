//! Integration tests of the styrkort core, as one binary.
mod engine_props;
mod kolada;
mod model_json;
mod period;
mod roundtrip;
mod validate;
mod vectors;
mod whatif;

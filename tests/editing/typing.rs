//! Tests of this part are added by its branch.

#[allow(unused_imports)]
use super::*;

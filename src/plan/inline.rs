//! `inline` (the default): the pattern of the asyncio documentation at each site, with one
//! module-level set.

use super::keeper::Keeper;
use super::model::{ModulePlan, Planner};
use crate::detect::Dropped;

pub struct Inline;

impl Planner for Inline {
    fn keeper<'t>(&self, _site: &Dropped<'t>, module: &mut ModulePlan<'_, '_, 't>) -> Keeper {
        Keeper::Set(module.module_set())
    }
}

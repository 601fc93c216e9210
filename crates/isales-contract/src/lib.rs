//! Validate Huawei CC-iSales "query campaign details" responses against their contract.
#![deny(missing_docs)]

pub mod json;

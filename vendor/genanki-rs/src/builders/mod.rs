mod field;
mod template;

pub use field::Field;
pub use template::Template;

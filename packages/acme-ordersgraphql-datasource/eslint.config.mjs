// Extends the managed ESLint config in .config/ (append your own config objects).
import config from './.config/eslint.config.mjs';

export default [...config];

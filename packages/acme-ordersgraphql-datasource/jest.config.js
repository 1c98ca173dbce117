// Extends the managed jest config in .config/ (add your own options below the spread).
module.exports = {
  ...require('./.config/jest.config.js'),
};

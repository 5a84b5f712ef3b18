#pragma once
// Columnar tables: a spec (names, types, units, descriptions, labels) and a buffer of rows for one
// work item. The output layer writes one 1-D dataset per column; models fill rows by column index.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace rehabsim::sim {

enum class ColumnType { Int32, Int64, Float64 };

struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::Float64;
  std::string units;  ///< "1" when dimensionless, "days", "ODI points 0-100", ...
  std::string description;
  std::vector<std::string> labels;  ///< categorical codes 0..n-1 (integer columns only)
  std::size_t width = 1;            ///< values per row: > 1 makes a 2-D dataset [row, width] (Float64 only)
  /// The possible range of a value (NaN: unbounded on that side); written as the `valid_min` and
  /// `valid_max` attributes (the CF conventions' names) and used to clip confidence intervals.
  double valid_min = std::numeric_limits<double>::quiet_NaN();
  double valid_max = std::numeric_limits<double>::quiet_NaN();
  /// A 2-D column's second axis: the value each column stands for (e.g. the day of each week),
  /// written as the attribute `column_axis` with its name in `column_axis_name`. Empty: none.
  std::vector<double> column_axis = {};
  std::string column_axis_name = {};
};

struct TableSpec {
  std::string name;  ///< HDF5 group name, e.g. "patients"
  std::vector<ColumnSpec> columns;
  std::size_t index_of(const std::string& column) const;  ///< throws when absent
};

class TableBuffer {
 public:
  explicit TableBuffer(const TableSpec& spec);

  /// Starts a new row; every column must then be set once before the next row.
  void add_row();
  void set(std::size_t column, double value);
  void set(std::size_t column, std::int64_t value);
  void set(std::size_t column, int value) { set(column, static_cast<std::int64_t>(value)); }
  void set(std::size_t column, bool value) { set(column, static_cast<std::int64_t>(value)); }
  /// Adds a row with one value per column, in column order (integral values for integer columns).
  template <class... Values>
  void add_row_values(const Values&... values) {
    add_row();
    std::size_t column = 0;
    (set_number(column++, values), ...);
  }
  /// Sets the values of a 2-D column in the current row (exactly its width).
  void set_values(std::size_t column, std::span<const double> values);

  std::size_t rows() const { return rows_; }
  std::size_t columns() const { return data_.size(); }
  const std::vector<double>& floats(std::size_t column) const { return std::get<std::vector<double>>(data_[column]); }
  const std::vector<std::int64_t>& integers(std::size_t column) const { return std::get<std::vector<std::int64_t>>(data_[column]); }
  bool is_float(std::size_t column) const { return data_[column].index() == 0; }
  /// Replaces a column's values with `count` raw 8-byte values (double or int64, as the column).
  void overwrite_column(std::size_t column, const char* raw, std::size_t count);
  /// Appends all rows of `other` (same spec).
  void append(const TableBuffer& other);
  void reserve(std::size_t rows);

 private:
  template <class V>
  void set_number(std::size_t column, V value) {
    if constexpr (std::is_integral_v<V>)
      set(column, static_cast<std::int64_t>(value));
    else
      set(column, static_cast<double>(value));
  }
  std::vector<std::variant<std::vector<double>, std::vector<std::int64_t>>> data_;
  std::vector<std::size_t> widths_;
  std::size_t rows_ = 0;
};

}  // namespace rehabsim::sim

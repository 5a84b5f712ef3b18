#include "sim/output/table.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace rehabsim::sim {

std::size_t TableSpec::index_of(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == column) return i;
  throw std::out_of_range("table " + name + " has no column " + column);
}

TableBuffer::TableBuffer(const TableSpec& spec) {
  data_.reserve(spec.columns.size());
  for (const auto& c : spec.columns) {
    if (c.width != 1 && c.type != ColumnType::Float64) throw std::logic_error("2-D column " + c.name + " must be Float64");
    widths_.push_back(c.width);
    if (c.type == ColumnType::Float64)
      data_.emplace_back(std::vector<double>{});
    else
      data_.emplace_back(std::vector<std::int64_t>{});
  }
}

void TableBuffer::add_row() {
  ++rows_;
  // Pre-fill so that a forgotten column is a visible NaN/0 rather than a misaligned table.
  for (std::size_t c = 0; c < data_.size(); ++c) std::visit([&](auto& v) { v.resize(v.size() + widths_[c]); }, data_[c]);
}

void TableBuffer::set(std::size_t column, double value) { std::get<std::vector<double>>(data_.at(column)).back() = value; }

void TableBuffer::set(std::size_t column, std::int64_t value) { std::get<std::vector<std::int64_t>>(data_.at(column)).back() = value; }

void TableBuffer::set_values(std::size_t column, std::span<const double> values) {
  auto& v = std::get<std::vector<double>>(data_.at(column));
  if (values.size() != widths_[column]) throw std::logic_error("TableBuffer::set_values: width mismatch");
  std::copy(values.begin(), values.end(), v.end() - static_cast<std::ptrdiff_t>(values.size()));
}

void TableBuffer::overwrite_column(std::size_t column, const char* raw, std::size_t count) {
  std::visit(
      [&](auto& v) {
        if (v.size() != count) throw std::logic_error("TableBuffer::overwrite_column: size mismatch");
        if (count > 0) std::memcpy(v.data(), raw, count * sizeof(v[0]));  // an empty column has no storage to copy into
      },
      data_.at(column));
}

void TableBuffer::append(const TableBuffer& other) {
  if (other.data_.size() != data_.size()) throw std::logic_error("TableBuffer::append: different specs");
  for (std::size_t c = 0; c < data_.size(); ++c)
    std::visit(
        [&](auto& mine) {
          using V = std::decay_t<decltype(mine)>;
          const auto& theirs = std::get<V>(other.data_[c]);
          mine.insert(mine.end(), theirs.begin(), theirs.end());
        },
        data_[c]);
  rows_ += other.rows_;
}

void TableBuffer::reserve(std::size_t rows) {
  for (std::size_t c = 0; c < data_.size(); ++c) std::visit([&](auto& v) { v.reserve(rows * widths_[c]); }, data_[c]);
}

}  // namespace rehabsim::sim

// NEGATIVE: std::recursive_mutex is meant to be re-taken by its owner. Tree::size()
// locks and recurses through size_of(), which locks again.
#include <memory>
#include <mutex>
#include <vector>

class Tree {
 public:
  size_t size() {
    std::lock_guard<std::recursive_mutex> guard(mu_);
    return size_of(root_.get());
  }

 private:
  struct Node {
    std::vector<std::unique_ptr<Node>> children;
  };

  size_t size_of(const Node *n) {
    std::lock_guard<std::recursive_mutex> guard(mu_);
    if (!n)
      return 0;
    size_t total = 1;
    for (const auto &c : n->children)
      total += size_of(c.get());
    return total;
  }

  std::recursive_mutex mu_;
  std::unique_ptr<Node> root_;
};

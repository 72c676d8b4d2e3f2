// POSITIVE: Boost.Thread (the real headers, which come with the Boost the project
// already builds against). render() holds frame_mu through boost::lock_guard and takes
// texture_mu with boost::unique_lock; upload() nests them the other way round.
#include <boost/thread/lock_guard.hpp>
#include <boost/thread/lock_types.hpp>
#include <boost/thread/mutex.hpp>

static boost::mutex frame_mu;
static boost::mutex texture_mu;
static int frames, textures;

void render() {
  boost::lock_guard<boost::mutex> frame_guard(frame_mu);
  frames++;
  boost::unique_lock<boost::mutex> texture_lock(texture_mu); // expect: lock-order-inversion
  textures--;
}

void upload() {
  boost::unique_lock<boost::mutex> texture_lock(texture_mu);
  textures++;
  boost::lock_guard<boost::mutex> frame_guard(frame_mu);
  frames = 0;
}

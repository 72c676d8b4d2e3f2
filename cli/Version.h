// lockgraph's one version: CMake's project(VERSION), given to the CLI as a definition
// (cli/CMakeLists.txt). --version, JSON's "version" and SARIF's tool.driver.version
// all come from here.
#pragma once

#ifndef LOCKGRAPH_VERSION
#error "LOCKGRAPH_VERSION is defined by cli/CMakeLists.txt from project(VERSION)"
#endif

# SPDX-License-Identifier: GPL-3.0-or-later
# Install-time step (included by the generated macOS deploy script, after macdeployqt): removes
# the absolute run paths (LC_RPATH) the programs were installed with so that macdeployqt could
# find Qt and QtKeychain on the build machine. Once the bundle carries its own frameworks they
# only point at folders of the build machine, where dyld would otherwise look first on a
# user's Mac. The @executable_path/@loader_path entries stay.
#   MAGPIE_BUNDLE_BINARIES  absolute paths of the executables to clean
foreach(binary IN LISTS MAGPIE_BUNDLE_BINARIES)
    execute_process(COMMAND otool -l "${binary}" OUTPUT_VARIABLE load_commands
                    COMMAND_ERROR_IS_FATAL ANY)
    # otool -l prints each LC_RPATH's value as "path <value> (offset <n>)".
    string(REGEX MATCHALL "path /[^\n]* \\(offset [0-9]+\\)" entries "${load_commands}")
    foreach(entry IN LISTS entries)
        string(REGEX REPLACE "^path (/.*) \\(offset [0-9]+\\)$" "\\1" run_path "${entry}")
        message(STATUS "Dropping the build machine's run path ${run_path} from ${binary}")
        execute_process(COMMAND install_name_tool -delete_rpath "${run_path}" "${binary}"
                        COMMAND_ERROR_IS_FATAL ANY)
    endforeach()
endforeach()

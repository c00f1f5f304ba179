# Writes INPUT's bytes as a C array initializer list to OUTPUT (included by
# Wrapper.cpp). Run with cmake -DINPUT=... -DOUTPUT=... -P Embed.cmake.
file(READ "${INPUT}" bytes HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${bytes}")
file(WRITE "${OUTPUT}" "${bytes}\n")

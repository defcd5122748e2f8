package dev.osprey.webrtc;

//go:build amd64 && !purego

#include "textflag.h"

// func callers(pcs []uintptr) int
//
// Follows the frame pointers from its caller's frame: each frame holds its
// caller's frame pointer at 0(BP) and its return address at 8(BP). With no
// frame of its own, this function finds its caller's frame pointer in BP.
TEXT ·callers(SB), NOSPLIT, $0-32
	MOVQ pcs_base+0(FP), DI
	MOVQ pcs_len+8(FP), CX
	MOVQ BP, SI
	XORQ AX, AX
loop:
	CMPQ AX, CX
	JGE  done
	TESTQ SI, SI
	JZ   done
	MOVQ 8(SI), DX
	MOVQ DX, (DI)(AX*8)
	MOVQ 0(SI), SI
	INCQ AX
	JMP  loop
done:
	MOVQ AX, ret+24(FP)
	RET

; =============================================================================
; Catcher: a homebrew Atari 2600 game written for sobolev-distill.
;
; Fruit falls from the sky; move the basket with the joystick to catch it.
; A bomb falls now and then: let it drop. Catching fruit scores one point,
; letting fruit hit the ground or catching the bomb costs one of three lives.
; Every CATCHES_PER_LEVEL catches the fall speeds up. FIRE held doubles the
; basket's speed. The game is over when no lives are left; RESET (or FIRE,
; after a short pause) starts a new game.
;
; The RAM map, reward rule, lives, terminal condition and action set are in
; README.md beside this file; the game definition reads them from there.
;
; Assembled by dasm (npm package `dasm`, raw format -f3) into a 4K image.
; Hardware facts (register addresses, timings) are from the Stella
; Programmer's Guide and the 6502 data sheets.
; =============================================================================

        processor 6502

; -----------------------------------------------------------------------------
; TIA write registers
VSYNC   = $00
VBLANK  = $01
WSYNC   = $02
NUSIZ0  = $04
NUSIZ1  = $05
COLUP0  = $06
COLUP1  = $07
COLUPF  = $08
COLUBK  = $09
CTRLPF  = $0A
PF0     = $0D
PF1     = $0E
PF2     = $0F
RESP0   = $10
AUDC0   = $15
AUDF0   = $17
AUDV0   = $19
GRP0    = $1B
GRP1    = $1C
ENABL   = $1F
HMP0    = $20
HMOVE   = $2A
HMCLR   = $2B
CXCLR   = $2C
; TIA read registers
INPT4   = $0C           ; bit 7 low while the left joystick's button is down
; RIOT (6532) registers
SWCHA   = $280          ; bits 7..4: left joystick right/left/down/up, low = pushed
SWACNT  = $281
SWCHB   = $282          ; bit 0 low while the RESET switch is down
SWBCNT  = $283
INTIM   = $284
TIM64T  = $296

; Object numbers: offsets from RESP0/HMP0 (P0, P1, M0, M1, BL)
OBJ_P0  = 0
OBJ_P1  = 1
OBJ_BL  = 4

; -----------------------------------------------------------------------------
; NTSC frame: 3 lines VSYNC, 37 VBLANK, 192 visible, 30 overscan = 262 lines.
; The RIOT timer counts VBLANK and overscan (76 cycles per line). After a
; write of N to TIM64T, INTIM reads N-1 on the next cycle and reaches 0 after
; (N-1)*64+1 cycles: 44 ticks end inside the 37th VBLANK line (2753 cycles
; plus the code before the write), 36 ticks inside the 30th overscan line
; (2241 cycles); a WSYNC then ends that line.
VSYNC_LINES     = 3
VBLANK_TICKS    = 44
OVERSCAN_TICKS  = 36

; Visible frame, top to bottom (192 lines)
TOP_LINES       = 5     ; blank margin
DIGIT_ROWS      = 5     ; glyph height in rows
ROW_LINES       = 3     ; scanlines per glyph row
GAP_LINES       = 4     ; between score and sky
PLAY_H          = 159   ; sky in which objects fall and the basket moves
GROUND_LINES    = 9     ; green strip at the bottom
; TOP_LINES + DIGIT_ROWS*ROW_LINES + GAP_LINES + PLAY_H + GROUND_LINES = 192

; Play-area geometry. Vertical positions count play-area lines upwards from
; the ground: line 1 is the lowest line of sky, PLAY_H the highest. An
; object's Y is its lowest line; it covers lines Y .. Y+height-1.
BASKET_Y        = 4     ; the basket's lowest line
BASKET_H        = 8
RIM_Y           = BASKET_Y+BASKET_H-1   ; crossing this line decides a catch
FLOOR_Y         = 3     ; an object whose Y drops below this has landed
FRUIT_H         = 12
BOMB_H          = 8
SPAWN_Y         = 147   ; Y of a newly dropped object (its top row at PLAY_H)
BOMB_HIDDEN_Y   = $E0   ; Y of an inactive bomb: far from every play line

; Horizontal positions are screen pixels of the object's left edge (0..159).
BASKET_W        = 16    ; player 0 at double width
FRUIT_W         = 8     ; player 1
BOMB_W          = 4     ; ball, 4 clocks wide
BASKET_MAX_X    = 160-BASKET_W
FRUIT_MAX_X     = 160-FRUIT_W
BOMB_MAX_X      = 160-BOMB_W
BASKET_START_X  = [160-BASKET_W]/2
BASKET_SPEED    = 2     ; pixels per frame
BASKET_BOOST    = 4     ; pixels per frame while FIRE is held

START_LIVES     = 3
CATCHES_PER_LEVEL = 5
MAX_LEVEL       = 11
FIRST_BOMB_DELAY = 90   ; frames before a new game's first bomb
BOMB_DELAY_MIN  = 16    ; frames between bombs: this plus 0..63
OVER_LOCK_FRAMES = 60   ; FIRE is ignored this long after game over

; Fall results
FALL_NONE       = 0
FALL_CAUGHT     = 1
FALL_LANDED     = 2

; Game states
STATE_PLAYING   = 0
STATE_OVER      = 1

; Colours (NTSC: hue in the high nibble, luminance in the low)
COL_SKY         = $82
COL_SKY_OVER    = $42
COL_SCORE       = $1E
COL_LIVES       = $4C
COL_BASKET      = $28
COL_FRUIT       = $46
COL_BOMB        = $0E
COL_GROUND      = $C4

; TIA control values
NUSIZ_DOUBLE    = $05   ; one copy, double width
CTRLPF_SCORE    = $02   ; playfield left half in COLUP0, right half in COLUP1
CTRLPF_PLAY     = $20   ; ball 4 clocks wide, playfield in COLUPF
VBLANK_ON       = $02
VSYNC_ON        = $02
ENABL_ON        = $02

; Sound
SND_CATCH_CTRL  = $04
SND_CATCH_FREQ  = $08
SND_CATCH_VOL   = $08
SND_CATCH_LEN   = 6
SND_LOSE_CTRL   = $08
SND_LOSE_FREQ   = $14
SND_LOSE_VOL    = $0A
SND_LOSE_LEN    = 20

; 16-bit Galois LFSR x^16+x^14+x^13+x^11+1 (maximal length 65535)
RNG_TAPS_HI     = $B4
RNG_SEED_LO     = $A5
RNG_SEED_HI     = $1C

; -----------------------------------------------------------------------------
; RAM ($80..$FF). The addresses up to $95 are a public interface: README.md
; documents them and the game definition and expert policy read them.
        seg.u vars
        org $80
frame       ds 1        ; $80 frame counter, +1 every frame
rngLo       ds 1        ; $81 LFSR state, low byte
rngHi       ds 1        ; $82 LFSR state, high byte
state       ds 1        ; $83 0 playing, 1 game over
scoreHi     ds 1        ; $84 score hundreds digit (BCD $00..$09)
scoreLo     ds 1        ; $85 score tens and ones (packed BCD)
lives       ds 1        ; $86 lives left (3 at start)
level       ds 1        ; $87 speed level 0..MAX_LEVEL
catches     ds 1        ; $88 catches since the last level-up
basketX     ds 1        ; $89 basket left edge
objX        ds 2        ; $8A fruit left edge, $8B bomb left edge
objY        ds 2        ; $8C fruit Y, $8D bomb Y ($E0 while no bomb)
objFrac     ds 2        ; $8E/$8F fractional Y (1/256 line)
bombTimer   ds 1        ; $90 frames until the next bomb, 0 while one falls
speedLo     ds 1        ; $91 fall speed, 1/256 line per frame
speedHi     ds 1        ; $92 fall speed, whole lines per frame
overTimer   ds 1        ; $93 frames until FIRE may restart
lastFire    ds 1        ; $94 INPT4 of the previous frame
soundTimer    ds 1        ; $95 frames of sound left
rowL        ds DIGIT_ROWS ; PF1 of the left half: hundreds | tens glyph rows
rowM        ds DIGIT_ROWS ; PF2 of the left half: ones glyph rows (mirrored)
rowR        ds DIGIT_ROWS ; PF2 of the right half: lives glyph rows (mirrored)
temp        ds 1
temp2       ds 1
digitPtr    ds 4        ; glyph offsets: hundreds, tens, ones, lives

fruitX  = objX
bombX   = objX+1
fruitY  = objY
bombY   = objY+1
fruitFrac = objFrac
bombFrac = objFrac+1

; -----------------------------------------------------------------------------
        seg code
        org $F000

        MAC SLEEP2      ; {1}: an even number of cycles, burnt with NOPs
        REPEAT [{1}]/2
        nop
        REPEND
        ENDM

Start   SUBROUTINE
        sei
        cld
        ldx #$FF
        txs
        lda #0
        ldx #CXCLR      ; clear TIA write registers NUSIZ0..CXCLR
.clearTia
        sta 0,x
        dex
        cpx #NUSIZ0-1
        bne .clearTia
        ldx #$7F        ; clear RAM $80..$FF
.clearRam
        sta $80,x
        dex
        bpl .clearRam
        sta SWACNT      ; both ports are inputs
        sta SWBCNT
        lda #RNG_SEED_LO
        sta rngLo
        lda #RNG_SEED_HI
        sta rngHi
        jsr NewGame

; =============================================================================
MainLoop SUBROUTINE
        lda #VBLANK_ON
        sta VBLANK
        sta VSYNC
        REPEAT VSYNC_LINES
        sta WSYNC
        REPEND
        lda #0
        sta VSYNC
        lda #VBLANK_TICKS
        sta TIM64T

        inc frame
        jsr Random
        lda SWCHB
        lsr                     ; C = RESET switch, low while pressed
        bcs .noReset
        jsr NewGame
        jmp .logicDone
.noReset
        lda state
        beq .playing
        jsr GameOverLogic
        jmp .logicDone
.playing
        jsr MoveBasket
        jsr StirRandom
        ldx #0
        jsr Fall
        cmp #FALL_CAUGHT
        bne .fruitNotCaught
        jsr AddPoint
        jsr SpawnFruit
        jmp .fruitDone
.fruitNotCaught
        cmp #FALL_LANDED
        bne .fruitDone
        jsr LoseLife
        jsr SpawnFruit
.fruitDone
        jsr UpdateBomb
.logicDone
        lda INPT4
        sta lastFire
        jsr UpdateSound
        jsr PrepareDigits

        lda basketX
        ldx #OBJ_P0
        jsr SetHorizPos
        lda fruitX
        ldx #OBJ_P1
        jsr SetHorizPos
        lda bombX
        ldx #OBJ_BL
        jsr SetHorizPos
        sta WSYNC
        sta HMOVE

.waitVblank
        lda INTIM
        bne .waitVblank
        sta WSYNC
        lda #0
        sta VBLANK              ; line 40: the first visible line

; ---- top margin: colours for the score band ---------------------------------
        sta HMCLR
        sta PF0
        sta PF1
        sta PF2
        sta GRP0
        sta GRP1
        sta ENABL
        lda #COL_SKY
        ldx state
        beq .skySet
        lda #COL_SKY_OVER
.skySet
        sta COLUBK
        lda #COL_SCORE
        sta COLUP0
        lda #COL_LIVES
        sta COLUP1
        lda #CTRLPF_SCORE
        sta CTRLPF
        lda #NUSIZ_DOUBLE
        sta NUSIZ0
        ldx #TOP_LINES
.top
        sta WSYNC
        dex
        bne .top

; ---- score (left) and lives (right), asymmetric playfield --------------------
; Left PF1 shows at cycles 28-38 of a line, left PF2 at 39-49, right PF1 at
; 55-65, right PF2 at 65-75, so PF1 is cleared between 39 and 54 and PF2 is
; rewritten between 50 and 64.
        ldx #0
.scoreRow
        ldy #ROW_LINES
.scoreLine
        sta WSYNC
        lda rowL,x      ; 4
        sta PF1         ; 7
        lda rowM,x      ; 11
        sta PF2         ; 14
        SLEEP2 26       ; 40
        lda #0          ; 42
        sta PF1         ; 45
        lda rowR,x      ; 49
        nop             ; 51
        sta PF2         ; 54
        dey
        bne .scoreLine
        inx
        cpx #DIGIT_ROWS
        bne .scoreRow

; ---- gap: colours and sizes for the play area --------------------------------
        sta WSYNC
        lda #0
        sta PF1
        sta PF2
        lda #COL_BASKET
        sta COLUP0
        lda #COL_FRUIT
        sta COLUP1
        lda #COL_BOMB
        sta COLUPF
        lda #CTRLPF_PLAY
        sta CTRLPF
        ldx #GAP_LINES-1
.gap
        sta WSYNC
        dex
        bne .gap

; ---- play area: one line per pass; values for line Y are computed during the
; line before and stored right after WSYNC, inside horizontal blank.
        ldy #PLAY_H
.playLine
        tya                     ; fruit row for line Y, into X
        sec
        sbc fruitY
        cmp #FRUIT_H
        bcs .noFruit
        tax
        lda FruitGfx,x
        tax
        bcc .fruitSet           ; C is still clear: always taken
.noFruit
        ldx #0
.fruitSet
        tya                     ; ball enable for line Y, into A
        sec
        sbc bombY
        cmp #BOMB_H             ; C clear while the bomb covers line Y
        lda #0
        rol
        eor #1
        asl                     ; ENABL_ON or 0
        sta WSYNC
        stx GRP1                ; 3
        sta ENABL               ; 6
        lda BasketGfx,y         ; 10
        sta GRP0                ; 13
        dey
        bne .playLine

; ---- ground ------------------------------------------------------------------
        sta WSYNC
        lda #COL_GROUND
        sta COLUPF
        lda #$FF
        sta PF0
        sta PF1
        sta PF2
        lda #0
        sta GRP0
        sta GRP1
        sta ENABL
        ldx #GROUND_LINES-1
.ground
        sta WSYNC
        dex
        bne .ground

; ---- overscan ----------------------------------------------------------------
        lda #VBLANK_ON
        sta VBLANK
        lda #OVERSCAN_TICKS
        sta TIM64T
        lda #0
        sta PF0
        sta PF1
        sta PF2
.waitOverscan
        lda INTIM
        bne .waitOverscan
        sta WSYNC
        jmp MainLoop

; =============================================================================
; Subroutines (all run during VBLANK)

; New game: score 0, START_LIVES lives, slowest speed, basket centred.
; The random generator keeps running across games.
NewGame SUBROUTINE
        lda #0
        sta state
        sta scoreHi
        sta scoreLo
        sta level
        sta catches
        sta overTimer
        lda #START_LIVES
        sta lives
        lda #BASKET_START_X
        sta basketX
        jsr SetSpeed
        jsr SpawnFruit
        lda #BOMB_HIDDEN_Y
        sta bombY
        lda #FIRST_BOMB_DELAY
        sta bombTimer
        rts

SetSpeed SUBROUTINE
        ldx level
        lda SpeedLo,x
        sta speedLo
        lda SpeedHi,x
        sta speedHi
        rts

; One step of the LFSR (shift right, feed back the taps when a 1 falls out).
Random  SUBROUTINE
        lsr rngHi
        ror rngLo
        bcc .done
        lda rngHi
        eor #RNG_TAPS_HI
        sta rngHi
.done
        rts

; Eight steps: a fresh byte in rngLo.
Random8 SUBROUTINE
        ldx #8
.step
        jsr Random
        dex
        bne .step
        rts

; Mixes the player's inputs into the generator: on every frame the joystick
; is pushed or FIRE held, one more step and the frame counter XORed in, so
; episodes that differ in when the player moves (no-op starts, sticky
; actions) see different drops.
StirRandom SUBROUTINE
        lda SWCHA
        and #%11110000
        cmp #%11110000
        bne .active
        bit INPT4
        bmi .done
.active
        jsr Random
        lda rngLo
        eor frame
        sta rngLo
        ora rngHi
        bne .done
        lda #RNG_SEED_LO        ; the all-zero state would lock the LFSR
        sta rngLo
.done
        rts

; A = random position 0..temp (temp < 255): a fresh random byte r scaled
; to floor(r * (temp+1) / 256), the high byte of an 8x8-bit shift-and-add
; product. Constant time, so a frame's logic always fits its VBLANK.
RandomPos SUBROUTINE
        jsr Random8
        lda rngLo
        sta temp2               ; multiplier r, consumed bit by bit
        inc temp                ; multiplicand temp+1
        lda #0                  ; high byte of the product
        ldx #8
.bit
        lsr temp2
        bcc .shift
        clc
        adc temp
.shift
        ror
        dex
        bne .bit
        rts

SpawnFruit SUBROUTINE
        lda #FRUIT_MAX_X
        sta temp
        jsr RandomPos
        sta fruitX
        lda #SPAWN_Y
        sta fruitY
        lda #0
        sta objFrac
        rts

; Bomb: counts down while hidden, falls while visible; catching it costs a life.
UpdateBomb SUBROUTINE
        lda bombTimer
        beq .falling
        dec bombTimer
        bne .done
        lda #BOMB_MAX_X
        sta temp
        jsr RandomPos
        sta bombX
        lda #SPAWN_Y
        sta bombY
        lda #0
        sta objFrac+1
        rts
.falling
        ldx #1
        jsr Fall
        cmp #FALL_NONE
        beq .done
        cmp #FALL_CAUGHT
        bne .hide
        jsr LoseLife
.hide
        lda #BOMB_HIDDEN_Y
        sta bombY
        jsr Random8
        lda rngLo
        and #%00111111
        clc
        adc #BOMB_DELAY_MIN
        sta bombTimer
.done
        rts

; Moves object X (0 fruit, 1 bomb) down by the current speed.
; Returns A = FALL_CAUGHT when it crosses the basket's rim over the basket,
; FALL_LANDED when it drops below FLOOR_Y, FALL_NONE otherwise.
Fall    SUBROUTINE
        lda objY,x
        sta temp                ; Y before this frame
        sec
        lda objFrac,x
        sbc speedLo
        sta objFrac,x
        lda objY,x
        sbc speedHi
        bcs .noWrap
        lda #0
.noWrap
        sta objY,x
        lda temp
        cmp #RIM_Y+1
        bcc .checkFloor         ; already at or below the rim
        lda objY,x
        cmp #RIM_Y+1
        bcs .none               ; still above the rim
        ; Horizontal overlap: x+w-1-basketX in 0..w+BASKET_W-2 (mod 256)
        lda objX,x
        clc
        adc ObjWidthM1,x
        sec
        sbc basketX
        cmp ObjOverlapSpan,x
        bcs .checkFloor
        lda #FALL_CAUGHT
        rts
.checkFloor
        lda objY,x
        cmp #FLOOR_Y
        bcs .none
        lda #FALL_LANDED
        rts
.none
        lda #FALL_NONE
        rts

; Score +1 (BCD, stops at 999), level up every CATCHES_PER_LEVEL catches.
AddPoint SUBROUTINE
        sed
        clc
        lda scoreLo
        adc #1
        sta scoreLo
        lda scoreHi
        adc #0
        sta scoreHi
        cld
        cmp #$10
        bcc .scored
        lda #$09
        sta scoreHi
        lda #$99
        sta scoreLo
.scored
        lda #SND_CATCH_CTRL
        sta AUDC0
        lda #SND_CATCH_FREQ
        sta AUDF0
        lda #SND_CATCH_VOL
        sta AUDV0
        lda #SND_CATCH_LEN
        sta soundTimer
        inc catches
        lda catches
        cmp #CATCHES_PER_LEVEL
        bcc .done
        lda #0
        sta catches
        lda level
        cmp #MAX_LEVEL
        bcs .done
        inc level
        jsr SetSpeed
.done
        rts

LoseLife SUBROUTINE
        lda #SND_LOSE_CTRL
        sta AUDC0
        lda #SND_LOSE_FREQ
        sta AUDF0
        lda #SND_LOSE_VOL
        sta AUDV0
        lda #SND_LOSE_LEN
        sta soundTimer
        dec lives
        bne .done
        lda #STATE_OVER
        sta state
        lda #OVER_LOCK_FRAMES
        sta overTimer
.done
        rts

; Game over: everything stands still; after OVER_LOCK_FRAMES a fresh press
; of FIRE starts a new game.
GameOverLogic SUBROUTINE
        lda overTimer
        beq .canRestart
        dec overTimer
        rts
.canRestart
        bit INPT4
        bmi .done               ; not pressed now
        bit lastFire
        bpl .done               ; was already pressed last frame
        jsr NewGame
.done
        rts

MoveBasket SUBROUTINE
        ldy #BASKET_SPEED
        bit INPT4
        bmi .speedSet
        ldy #BASKET_BOOST
.speedSet
        sty temp
        lda SWCHA
        bmi .notRight           ; bit 7: right, low while pushed
        lda basketX
        clc
        adc temp
        cmp #BASKET_MAX_X+1
        bcc .setRight
        lda #BASKET_MAX_X
.setRight
        sta basketX
.notRight
        lda SWCHA
        and #%01000000          ; bit 6: left
        bne .done
        lda basketX
        sec
        sbc temp
        bcs .setLeft
        lda #0
.setLeft
        sta basketX
.done
        rts

UpdateSound SUBROUTINE
        lda soundTimer
        beq .done
        dec soundTimer
        bne .done
        lda #0
        sta AUDV0
.done
        rts

; Glyph rows for the score band: rowL = hundreds | tens for PF1 (bit 7
; drawn leftmost), rowM = ones and rowR = lives for PF2 (bit 0 leftmost),
; each from the glyph table laid out for its place.
PrepareDigits SUBROUTINE
        lda scoreHi
        and #$0F
        jsr TimesRows
        sta digitPtr
        lda scoreLo
        lsr
        lsr
        lsr
        lsr
        jsr TimesRows
        sta digitPtr+1
        lda scoreLo
        and #$0F
        jsr TimesRows
        sta digitPtr+2
        lda lives
        cmp #10
        bcc .livesDigit
        lda #9
.livesDigit
        jsr TimesRows
        sta digitPtr+3
        ldx #0
.row
        ldy digitPtr
        lda DigitsHigh,y
        ldy digitPtr+1
        ora DigitsLow,y
        sta rowL,x
        ldy digitPtr+2
        lda DigitsMirrored,y
        sta rowM,x
        ldy digitPtr+3
        lda DigitsMirrored,y
        sta rowR,x
        inc digitPtr
        inc digitPtr+1
        inc digitPtr+2
        inc digitPtr+3
        inx
        cpx #DIGIT_ROWS
        bne .row
        rts

; A = A * DIGIT_ROWS (A <= 9)
TimesRows SUBROUTINE
        sta temp
        asl
        asl
        clc
        adc temp
        rts

; A = screen x of the object's left edge (0..159), X = object (OBJ_P0,
; OBJ_P1, OBJ_BL). Takes one line. The coarse loop below puts an object's
; left edge PosDelay[X] pixels right of the value it is given, so that delay
; is taken off first, modulo the 160-pixel line. Each 5-cycle pass of the
; loop moves the reset point 15 colour clocks right; the remainder (-15..-1)
; becomes the fine HMOVE offset (+7..-7, positive moves left).
SetHorizPos SUBROUTINE
        sec
        sbc PosDelay,x
        bcs .inRange
        adc #160
.inRange
        sta WSYNC
        sec
.coarse
        sbc #15
        bcs .coarse
        eor #7
        asl
        asl
        asl
        asl
        sta HMP0,x
        sta RESP0,x
        rts

; =============================================================================
; Data

; Pixels between the value SetHorizPos's coarse loop is given and the left
; edge it produces, per object (TIA: a player's graphics start one clock
; after the ball's, a double-width player's one clock later still).
; Measured by the cross-check in 6502.ts (test/envs/homebrew).
PosDelay        .byte 4, 3, 0, 0, 2

ObjWidthM1      .byte FRUIT_W-1, BOMB_W-1
ObjOverlapSpan  .byte FRUIT_W+BASKET_W-1, BOMB_W+BASKET_W-1

; Fall speed per level, lines per frame in 8.8 fixed point:
; 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5
SpeedLo .byte $00, $40, $80, $C0, $00, $80, $00, $80, $00, $80, $00, $80
SpeedHi .byte $01, $01, $01, $01, $02, $02, $03, $03, $04, $04, $05, $05

; 3x5 digit glyphs, one row per byte, top row first, laid out three ways:
; GLYPH_HIGH in bits 7..5 (PF1, left digit), GLYPH_LOW in bits 3..1 (PF1,
; right digit), GLYPH_MIRRORED in bits 0..2 with the leftmost pixel in bit 0
; (PF2). The glyphs are written once, in ALL_DIGITS, as 3-bit rows.
GLYPH_HIGH      = 0
GLYPH_LOW       = 1
GLYPH_MIRRORED  = 2

        MAC GLYPH_ROW   ; {1}: a row as %abc, a the leftmost pixel
GLYPH_BITS SET {1}      ; (dasm misreads a %-literal after an operator)
        IF GLYPH_LAYOUT==GLYPH_HIGH
        .byte GLYPH_BITS<<5
        ENDIF
        IF GLYPH_LAYOUT==GLYPH_LOW
        .byte GLYPH_BITS<<1
        ENDIF
        IF GLYPH_LAYOUT==GLYPH_MIRRORED
        .byte [[GLYPH_BITS&1]<<2]|[GLYPH_BITS&2]|[[GLYPH_BITS&4]>>2]
        ENDIF
        ENDM

        MAC DIGIT       ; five rows, top first
        GLYPH_ROW {1}
        GLYPH_ROW {2}
        GLYPH_ROW {3}
        GLYPH_ROW {4}
        GLYPH_ROW {5}
        ENDM

        MAC ALL_DIGITS
        DIGIT %111, %101, %101, %101, %111 ; 0
        DIGIT %010, %110, %010, %010, %111 ; 1
        DIGIT %111, %001, %111, %100, %111 ; 2
        DIGIT %111, %001, %111, %001, %111 ; 3
        DIGIT %101, %101, %111, %001, %001 ; 4
        DIGIT %111, %100, %111, %001, %111 ; 5
        DIGIT %111, %100, %111, %101, %111 ; 6
        DIGIT %111, %001, %001, %001, %001 ; 7
        DIGIT %111, %101, %111, %101, %111 ; 8
        DIGIT %111, %101, %111, %001, %111 ; 9
        ENDM

GLYPH_LAYOUT SET GLYPH_HIGH
DigitsHigh
        ALL_DIGITS
GLYPH_LAYOUT SET GLYPH_LOW
DigitsLow
        ALL_DIGITS
GLYPH_LAYOUT SET GLYPH_MIRRORED
DigitsMirrored
        ALL_DIGITS

; Fruit (an apple), lowest row first
FruitGfx
        .byte %00111000
        .byte %01111100
        .byte %01111100
        .byte %11111110
        .byte %11111110
        .byte %11111110
        .byte %11111110
        .byte %11111110
        .byte %11111110
        .byte %01101100
        .byte %00010000
        .byte %00001000

; Basket graphics for every play line Y (0..PLAY_H): zero except
; BASKET_Y..RIM_Y. One page, so the kernel's indexed load never crosses.
        align 256
BasketGfx
        ds BASKET_Y, 0
        .byte %00111100
        .byte %01111110
        .byte %01111110
        .byte %11111111
        .byte %11111111
        .byte %11100111
        .byte %11000011
        .byte %11000011         ; rim (RIM_Y)
        ds PLAY_H+1-BASKET_Y-BASKET_H, 0

        IF [BasketGfx+PLAY_H]>[[BasketGfx&$FF00]+$FF]
        ERR "BasketGfx crosses a page"
        ENDIF
        IF [TOP_LINES+DIGIT_ROWS*ROW_LINES+GAP_LINES+PLAY_H+GROUND_LINES]!=192
        ERR "visible lines do not add up to 192"
        ENDIF

; -----------------------------------------------------------------------------
        org $FFFA
        .word Start             ; NMI (unused on the 2600)
        .word Start             ; RESET
        .word Start             ; IRQ/BRK
